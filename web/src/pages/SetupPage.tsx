import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api';
import { AuthFrame } from '../components/AuthFrame';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryState } from '../components/QueryState';
import { apiKey, useApiMutation, useApiQuery } from '../queries';

type SetupInput = { setup_token: string; email: string; password: string; display_name?: string };

/** First run: creates the first administrator with the one-time token the server printed in its log. */
export function SetupPage() {
  const status = useApiQuery<{ needed: boolean }>('/api/setup');
  const navigate = useNavigate();
  const client = useQueryClient();
  const [token, setToken] = useState('');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const setup = useApiMutation((input: SetupInput) => api.post<{ user: { email: string } }>('/api/setup', input));

  function submit(e: FormEvent) {
    e.preventDefault();
    setup.mutate(
      { setup_token: token.trim(), email, password, display_name: name.trim() || undefined },
      {
        onSuccess: ({ user }) => {
          // The login page reads the same cached answer; without this it would send us straight back here.
          client.setQueryData(apiKey('/api/setup'), { needed: false });
          void navigate('/login', { state: { notice: `Administrator ${user.email} created. Sign in to continue.`, email: user.email } });
        },
      },
    );
  }

  return (
    <AuthFrame title="Set up Breachdesk">
      <QueryState query={status} label="setup status">
        {({ needed }) =>
          needed ? (
            <form onSubmit={submit}>
              <Stack>
                <Text size="sm">
                  No user exists yet. Create the first administrator. The setup token was printed in the server log when Breachdesk started.
                </Text>
                <TextInput
                  label="Setup token"
                  required
                  autoComplete="off"
                  value={token}
                  onChange={(e) => setToken(e.currentTarget.value)}
                />
                <TextInput
                  label="Email"
                  type="email"
                  required
                  autoComplete="username"
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                />
                <TextInput label="Display name" autoComplete="name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
                <PasswordInput
                  label="Password"
                  description="At least 12 characters; a passphrase is best."
                  required
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                <ErrorAlert error={setup.error} />
                <Button type="submit" loading={setup.isPending}>
                  Create administrator
                </Button>
              </Stack>
            </form>
          ) : (
            <Alert color="blue" variant="light" title="Setup is already done">
              An administrator exists.{' '}
              <Anchor component={Link} to="/login">
                Sign in
              </Anchor>{' '}
              instead.
            </Alert>
          )
        }
      </QueryState>
    </AuthFrame>
  );
}
