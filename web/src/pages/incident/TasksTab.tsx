import { Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { DateTimeField } from '../../components/DateTimeField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OwnerSelect } from '../../components/OwnerSelect';
import { EmptyState, QueryState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { browserTimeZone, formatInstant, isoToWallTime, wallTimeToIso } from '../../format';
import { useApiMutation, useApiQuery } from '../../queries';
import { useCan } from '../../session';
import type { Task } from '../../types';
import { label, optionsOf, taskStatuses } from '../../vocabulary';

const isOverdue = (t: Task, now: number) =>
  !!t.due_at && new Date(t.due_at).getTime() < now && t.status !== 'done' && t.status !== 'cancelled';

/** Tasks with owner and due time; overdue ones are flagged and listed first so nothing slips during a breach. */
export function TasksTab({ incidentId }: { incidentId: string }) {
  const canWrite = useCan()('task.write');
  const tasks = useApiQuery<{ tasks: Task[] }>(`/api/incidents/${incidentId}/tasks`);
  const [editing, setEditing] = useState<Task | null>(null);
  const now = Date.now();

  return (
    <Stack>
      {canWrite && <NewTaskForm incidentId={incidentId} />}
      <Section title="Tasks">
        <QueryState query={tasks} label="tasks">
          {({ tasks: list }) => {
            if (list.length === 0) return <EmptyState title="No tasks yet" />;
            const overdue = list.filter((t) => isOverdue(t, now));
            const sorted = [...list].sort(
              (a, b) => Number(isOverdue(b, now)) - Number(isOverdue(a, now)) || (a.due_at ?? '9').localeCompare(b.due_at ?? '9'),
            );
            return (
              <>
                {overdue.length > 0 && (
                  <Alert color="red" variant="light" title={`${overdue.length} overdue ${overdue.length === 1 ? 'task' : 'tasks'}`} mb="sm">
                    {overdue.map((t) => t.title).join(', ')}
                  </Alert>
                )}
                <Table.ScrollContainer minWidth={720}>
                  <Table>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Task</Table.Th>
                        <Table.Th scope="col">Owner</Table.Th>
                        <Table.Th scope="col">Due</Table.Th>
                        <Table.Th scope="col">Status</Table.Th>
                        {canWrite && <Table.Th scope="col">Actions</Table.Th>}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {sorted.map((t) => (
                        <TaskRow
                          key={`${t.id}-${t.version}`}
                          incidentId={incidentId}
                          task={t}
                          overdue={isOverdue(t, now)}
                          canWrite={canWrite}
                          onEdit={() => setEditing(t)}
                        />
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            );
          }}
        </QueryState>
      </Section>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit task">
        {editing && <EditTaskForm incidentId={incidentId} task={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

function TaskRow({
  incidentId,
  task,
  overdue,
  canWrite,
  onEdit,
}: {
  incidentId: string;
  task: Task;
  overdue: boolean;
  canWrite: boolean;
  onEdit: () => void;
}) {
  const update = useApiMutation(
    (body: { version: number; status: string }) => api.patch<Task>(`/api/incidents/${incidentId}/tasks/${task.id}`, body),
    [`/api/incidents/${incidentId}/tasks`],
  );
  return (
    <Table.Tr bg={overdue ? 'var(--mantine-color-red-light)' : undefined}>
      <Table.Td>
        <Text size="sm" td={task.status === 'cancelled' ? 'line-through' : undefined}>
          {task.title}
        </Text>
        <ErrorAlert error={update.error} />
      </Table.Td>
      <Table.Td>{task.owner_email ?? '—'}</Table.Td>
      <Table.Td>
        <Text size="sm">{formatInstant(task.due_at)}</Text>
        {overdue && (
          <Badge color="red.9" autoContrast>
            Overdue
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {canWrite ? (
          <NativeSelect
            aria-label={`Status of ${task.title}`}
            data={optionsOf(taskStatuses)}
            value={task.status}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ version: task.version, status: e.currentTarget.value })}
          />
        ) : (
          label(task.status)
        )}
      </Table.Td>
      {canWrite && (
        <Table.Td>
          <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit task ${task.title}`}>
            Edit
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function NewTaskForm({ incidentId }: { incidentId: string }) {
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [zone, setZone] = useState(browserTimeZone);
  const create = useApiMutation(
    (body: { title: string; owner_id: string | null; due_at: string | null }) => api.post<Task>(`/api/incidents/${incidentId}/tasks`, body),
    [`/api/incidents/${incidentId}/tasks`],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { title, owner_id: owner || null, due_at: due ? wallTimeToIso(due, zone) : null },
      {
        onSuccess: () => {
          setTitle('');
          setDue('');
        },
      },
    );
  }

  return (
    <Section title="New task">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Group grow wrap="wrap" align="flex-end">
            <TextInput label="Task title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
            <OwnerSelect label="Owner" value={owner} onChange={setOwner} />
          </Group>
          <DateTimeField label="Due" zoneLabel="Due time zone" value={due} zone={zone} onChange={setDue} onZoneChange={setZone} />
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add task
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function EditTaskForm({ incidentId, task, onDone }: { incidentId: string; task: Task; onDone: () => void }) {
  const zone = browserTimeZone();
  const [title, setTitle] = useState(task.title);
  const [owner, setOwner] = useState(task.owner_id ?? '');
  const [due, setDue] = useState(task.due_at ? isoToWallTime(task.due_at, zone) : '');
  const save = useApiMutation(
    (body: { version: number; title: string; owner_id: string | null; due_at: string | null }) =>
      api.patch<Task>(`/api/incidents/${incidentId}/tasks/${task.id}`, body),
    [`/api/incidents/${incidentId}/tasks`],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate(
      { version: task.version, title, owner_id: owner || null, due_at: due ? wallTimeToIso(due, zone) : null },
      { onSuccess: onDone },
    );
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="Task title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <OwnerSelect label="Owner" value={owner} onChange={setOwner} />
        <TextInput
          type="datetime-local"
          label={`Due (${zone})`}
          description="Leave empty for no due time"
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
        />
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save task
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
