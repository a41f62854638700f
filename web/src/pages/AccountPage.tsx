import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  NativeSelect,
  NumberInput,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { OneTimeSecret } from '../components/OneTimeSecret';
import { EmptyState, QueryState } from '../components/QueryState';
import { Section } from '../components/Section';
import { formatInstant } from '../format';
import { SESSION_KEY, useApiMutation, useApiQuery } from '../queries';
import { useSession } from '../session';
import type { ApiToken, User } from '../types';
import { label } from '../vocabulary';

/** The signed-in user's own settings: API tokens, two-factor sign-in, password. */
export function AccountPage() {
  const user = useSession().data?.user;
  if (!user) return null;
  return (
    <Stack>
      <Title order={1}>My account</Title>
      <Text>
        {user.display_name ? `${user.display_name} · ` : ''}
        {user.email} · role <strong>{label(user.role)}</strong>
      </Text>
      <TokensSection />
      <TotpSection user={user} />
      <PasswordSection />
    </Stack>
  );
}

type NewToken = { name: string; scope: 'full' | 'read'; expires_in_days?: number };

function TokensSection() {
  const tokens = useApiQuery<{ tokens: ApiToken[] }>('/api/tokens');
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'full' | 'read'>('read');
  const [days, setDays] = useState<number | string>(90);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useApiMutation((body: NewToken) => api.post<{ token: string; info: ApiToken }>('/api/tokens', body), ['/api/tokens']);
  const revoke = useApiMutation((id: string) => api.delete(`/api/tokens/${id}`), ['/api/tokens']);

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { name, scope, expires_in_days: typeof days === 'number' && days > 0 ? days : undefined },
      {
        onSuccess: ({ token }) => {
          setSecret(token);
          setName('');
        },
      },
    );
  }

  return (
    <Section title="API tokens">
      <Text size="sm" mb="sm">
        Scripts use personal tokens: <Code>Authorization: Bearer &lt;token&gt;</Code>. Read tokens can only read. See the{' '}
        <Anchor href="/docs">API documentation</Anchor>.
      </Text>
      <form onSubmit={submit}>
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Token name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <NativeSelect
            label="Scope"
            value={scope}
            onChange={(e) => setScope(e.currentTarget.value as 'full' | 'read')}
            data={[
              { value: 'read', label: 'Read only' },
              { value: 'full', label: 'Full (read and write)' },
            ]}
          />
          <NumberInput
            label="Expires in days"
            description="Empty = never"
            min={1}
            max={3650}
            allowDecimal={false}
            value={days}
            onChange={setDays}
            w={160}
          />
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </form>
      <ErrorAlert error={create.error ?? revoke.error} />
      {secret && <OneTimeSecret title="Your new API token" secret={secret} onDismiss={() => setSecret(null)} />}
      <QueryState query={tokens} label="API tokens">
        {({ tokens: list }) =>
          list.length === 0 ? (
            <EmptyState title="No API tokens" />
          ) : (
            <Table.ScrollContainer minWidth={760} mt="md">
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Prefix</Table.Th>
                    <Table.Th scope="col">Scope</Table.Th>
                    <Table.Th scope="col">Created</Table.Th>
                    <Table.Th scope="col">Expires</Table.Th>
                    <Table.Th scope="col">Last used</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>{t.name}</Table.Td>
                      <Table.Td>
                        <Code>{t.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{t.scope === 'full' ? 'Full' : 'Read only'}</Table.Td>
                      <Table.Td>{formatInstant(t.created_at)}</Table.Td>
                      <Table.Td>{t.expires_at ? formatInstant(t.expires_at) : 'Never'}</Table.Td>
                      <Table.Td>{t.last_used_at ? formatInstant(t.last_used_at) : 'Never'}</Table.Td>
                      <Table.Td>
                        {t.revoked ? (
                          <Badge color="gray" autoContrast>
                            Revoked
                          </Badge>
                        ) : (
                          <Button
                            size="xs"
                            color="red.9"
                            variant="outline"
                            loading={revoke.isPending && revoke.variables === t.id}
                            onClick={() => revoke.mutate(t.id)}
                            aria-label={`Revoke token ${t.name}`}
                          >
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Section>
  );
}

function TotpSection({ user }: { user: User }) {
  const client = useQueryClient();
  const refreshSession = () => client.invalidateQueries({ queryKey: SESSION_KEY });
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauth_uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const begin = useApiMutation(() => api.post<{ secret: string; otpauth_uri: string }>('/api/auth/totp/setup'));
  const enable = useApiMutation((c: string) => api.post('/api/auth/totp/enable', { code: c }));
  const disable = useApiMutation((current: string) => api.post('/api/auth/totp/disable', { current_password: current }));

  function submitEnable(e: FormEvent) {
    e.preventDefault();
    enable.mutate(code.replace(/\s/g, ''), {
      onSuccess: () => {
        setEnrolment(null);
        setCode('');
        void refreshSession();
      },
    });
  }
  function submitDisable(e: FormEvent) {
    e.preventDefault();
    disable.mutate(password, {
      onSuccess: () => {
        setPassword('');
        void refreshSession();
      },
    });
  }

  return (
    <Section title="Two-factor sign-in">
      {user.totp_enabled ? (
        <form onSubmit={submitDisable}>
          <Stack gap="sm">
            <Text>
              Two-factor sign-in is <strong>on</strong>: signing in needs a code from your authenticator app.
            </Text>
            <Group align="flex-end" wrap="wrap">
              <PasswordInput
                label="Password to confirm"
                description="Your current password is needed to turn two-factor off"
                required
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" color="red.9" variant="outline" loading={disable.isPending}>
                Turn off two-factor
              </Button>
            </Group>
            <ErrorAlert error={disable.error} />
          </Stack>
        </form>
      ) : enrolment ? (
        <form onSubmit={submitEnable}>
          <Stack gap="sm">
            <Text size="sm">
              Add this account to your authenticator app: open the <Anchor href={enrolment.otpauth_uri}>setup link</Anchor> on your phone or
              type the secret below, then enter the code the app shows.
            </Text>
            <Code block style={{ wordBreak: 'break-all' }}>
              {enrolment.secret}
            </Code>
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label="Code from your authenticator app"
                required
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
              />
              <Button type="submit" loading={enable.isPending}>
                Turn on two-factor
              </Button>
            </Group>
            <ErrorAlert error={enable.error} />
          </Stack>
        </form>
      ) : (
        <Stack gap="sm">
          <Text>Two-factor sign-in is off. Turn it on to protect incident data if your password leaks.</Text>
          <Group>
            <Button onClick={() => begin.mutate(undefined, { onSuccess: setEnrolment })} loading={begin.isPending}>
              Set up two-factor
            </Button>
          </Group>
          <ErrorAlert error={begin.error} />
        </Stack>
      )}
    </Section>
  );
}

function PasswordSection() {
  const client = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const change = useApiMutation((body: { current_password: string; new_password: string }) => api.post('/api/auth/password', body));
  const mismatch = confirm.length > 0 && confirm !== next;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setDone(false);
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setDone(true);
          setCurrent('');
          setNext('');
          setConfirm('');
          // The server may end other sessions on a password change; re-check ours.
          void client.invalidateQueries({ queryKey: SESSION_KEY });
        },
      },
    );
  }

  return (
    <Section title="Password">
      <form onSubmit={submit}>
        <Stack gap="sm" maw={420}>
          <PasswordInput
            label="Current password"
            required
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
          />
          <PasswordInput
            label="New password"
            description="At least 12 characters"
            required
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
          />
          <PasswordInput
            label="Repeat new password"
            required
            autoComplete="new-password"
            value={confirm}
            error={mismatch ? 'Does not match the new password' : undefined}
            onChange={(e) => setConfirm(e.currentTarget.value)}
          />
          <ErrorAlert error={change.error} />
          {done && (
            <Text c="green.9" role="status">
              Password changed.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
