import { Alert, Badge, Button, Group, NativeSelect, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { OneTimeSecret } from '../components/OneTimeSecret';
import { EmptyState, QueryState } from '../components/QueryState';
import { Section } from '../components/Section';
import { formatInstant } from '../format';
import { useApiMutation, useApiQuery } from '../queries';
import { useCan, useSession } from '../session';
import type { Role, User } from '../types';
import { label, optionsOf, roles } from '../vocabulary';

const roleHelp: Record<Role, string> = {
  admin: 'everything, including users',
  lead: 'runs incidents: create, triage, approve',
  legal: 'obligations, evidence, audit log',
  comms: 'communication, decisions, tasks',
  support: 'intake, timeline, tasks',
  engineer: 'investigation, containment, evidence',
  viewer: 'read only',
};

/** Administrators manage accounts and roles here. Others see the list (it is needed to assign tasks) read-only. */
export function UsersPage() {
  const canManage = useCan()('user.manage');
  const users = useApiQuery<{ users: User[] }>('/api/users');
  return (
    <Stack>
      <Title order={1}>Users</Title>
      {canManage ? (
        <NewUserForm />
      ) : (
        <Alert color="gray" variant="light">
          Only administrators can add users or change roles.
        </Alert>
      )}
      <Section title="All users">
        <QueryState query={users} label="users">
          {({ users: list }) =>
            list.length === 0 ? (
              <EmptyState title="No users" />
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">User</Table.Th>
                      <Table.Th scope="col">Role</Table.Th>
                      <Table.Th scope="col">Two-factor</Table.Th>
                      <Table.Th scope="col">Status</Table.Th>
                      <Table.Th scope="col">Created</Table.Th>
                      {canManage && <Table.Th scope="col">Actions</Table.Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((u) => (
                      <UserRow key={`${u.id}-${u.version}`} user={u} canManage={canManage} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </Section>
    </Stack>
  );
}

function UserRow({ user, canManage }: { user: User; canManage: boolean }) {
  const me = useSession().data?.user;
  const isMe = me?.id === user.id;
  const update = useApiMutation(
    (body: { version: number; role?: Role; disabled?: boolean }) => api.patch<User>(`/api/users/${user.id}`, body),
    ['/api/users'],
  );
  const resetTotp = useApiMutation(() => api.post('/api/auth/totp/disable', { user_id: user.id }), ['/api/users']);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {user.display_name || user.email}
          {isMe ? ' (you)' : ''}
        </Text>
        <Text size="xs">{user.email}</Text>
        <ErrorAlert error={update.error ?? resetTotp.error} />
      </Table.Td>
      <Table.Td>
        {canManage && !isMe ? (
          <NativeSelect
            aria-label={`Role of ${user.email}`}
            data={optionsOf(roles)}
            value={user.role}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ version: user.version, role: e.currentTarget.value as Role })}
          />
        ) : (
          label(user.role)
        )}
      </Table.Td>
      <Table.Td>{user.totp_enabled ? 'On' : 'Off'}</Table.Td>
      <Table.Td>
        {user.disabled ? (
          <Badge color="gray" autoContrast>
            Disabled
          </Badge>
        ) : (
          <Badge color="green.9" autoContrast>
            Active
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatInstant(user.created_at)}</Text>
      </Table.Td>
      {canManage && (
        <Table.Td>
          <Group gap="xs">
            {!isMe && (
              <Button
                size="xs"
                variant="default"
                loading={update.isPending}
                onClick={() => update.mutate({ version: user.version, disabled: !user.disabled })}
                aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
              >
                {user.disabled ? 'Enable' : 'Disable'}
              </Button>
            )}
            {user.totp_enabled && !isMe && (
              <Button
                size="xs"
                variant="default"
                loading={resetTotp.isPending}
                onClick={() => resetTotp.mutate(undefined)}
                aria-label={`Reset two-factor of ${user.email}`}
              >
                Reset two-factor
              </Button>
            )}
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

type NewUser = { email: string; role: Role; display_name?: string; password?: string };

function NewUserForm() {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const create = useApiMutation(
    (body: NewUser) => api.post<{ user: User; generated_password?: string }>('/api/users', body),
    ['/api/users'],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { email, role, display_name: name.trim() || undefined, password: password || undefined },
      {
        onSuccess: ({ user, generated_password }) => {
          setCreated(generated_password ? { email: user.email, password: generated_password } : null);
          setEmail('');
          setName('');
          setPassword('');
        },
      },
    );
  }

  return (
    <Section title="Add a user">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Group grow wrap="wrap" align="flex-start">
            <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <TextInput label="Display name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          </Group>
          <Group grow wrap="wrap" align="flex-start">
            <NativeSelect
              label="Role"
              data={roles.map((r) => ({ value: r, label: `${label(r)} — ${roleHelp[r]}` }))}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as Role)}
            />
            <PasswordInput
              label="Initial password"
              description="Leave empty to generate one (shown once)"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
          </Group>
          <ErrorAlert error={create.error} />
          {created && (
            <OneTimeSecret title={`Generated password for ${created.email}`} secret={created.password} onDismiss={() => setCreated(null)} />
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
