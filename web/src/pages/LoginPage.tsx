import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, api } from '../api';
import { AuthFrame } from '../components/AuthFrame';
import { ErrorAlert } from '../components/ErrorAlert';
import { useApiMutation, useApiQuery } from '../queries';
import { useSession, useSetSession } from '../session';
import type { Session } from '../types';

type LoginState = { from?: string; notice?: string; email?: string } | null;
type LoginInput = { email: string; password: string; totp?: string };

export function LoginPage() {
  const location = useLocation();
  const state = location.state as LoginState;
  const navigate = useNavigate();
  const session = useSession();
  const setup = useApiQuery<{ needed: boolean }>('/api/setup');
  const setSession = useSetSession();
  const [email, setEmail] = useState(state?.email ?? '');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const login = useApiMutation((input: LoginInput) => api.post<Session>('/api/auth/login', input));

  // A fresh install has no users: send people to the setup page instead of a login that cannot work.
  if (setup.data?.needed) return <Navigate to="/setup" replace />;
  if (session.data) return <Navigate to={state?.from ?? '/'} replace />;

  function submit(e: FormEvent) {
    e.preventDefault();
    login.mutate(
      { email, password, totp: needsTotp ? totp.trim() : undefined },
      {
        onSuccess: (result) => {
          setSession(result);
          void navigate(state?.from ?? '/', { replace: true });
        },
        onError: (err) => {
          if (err instanceof ApiError && err.totpRequired) setNeedsTotp(true);
        },
      },
    );
  }

  // The "code required" 401 is not a failure from the user's point of view: the code field appearing says enough.
  const showError = login.error && !(login.error instanceof ApiError && login.error.totpRequired && !totp);

  return (
    <AuthFrame title="Sign in">
      <form onSubmit={submit}>
        <Stack>
          {state?.notice && (
            <Alert color="green" variant="light" role="status">
              {state.notice}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {needsTotp && (
            <TextInput
              label="Authenticator code"
              description="Two-factor sign-in is on for this account: enter the 6-digit code from your authenticator app."
              required
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              value={totp}
              onChange={(e) => setTotp(e.currentTarget.value)}
            />
          )}
          {showError && <ErrorAlert error={login.error} title="Sign-in failed" />}
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
