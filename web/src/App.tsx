import { Center, Loader, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { ErrorAlert } from './components/ErrorAlert';
import { Layout } from './components/Layout';
import { useSession } from './session';

// Each page is its own chunk, fetched the first time its route is visited (pages export named components).
const AccountPage = lazy(() => import('./pages/AccountPage').then((m) => ({ default: m.AccountPage })));
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const CustomersPage = lazy(() => import('./pages/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const IncidentListPage = lazy(() => import('./pages/IncidentListPage').then((m) => ({ default: m.IncidentListPage })));
const IncidentPage = lazy(() => import('./pages/IncidentPage').then((m) => ({ default: m.IncidentPage })));
const LoginPage = lazy(() => import('./pages/LoginPage').then((m) => ({ default: m.LoginPage })));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage').then((m) => ({ default: m.NotFoundPage })));
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const SetupPage = lazy(() => import('./pages/SetupPage').then((m) => ({ default: m.SetupPage })));
const UsersPage = lazy(() => import('./pages/UsersPage').then((m) => ({ default: m.UsersPage })));

/** Full-height spinner with a spoken label, for the session check and for a page chunk still loading. */
function Loading({ h = '100vh' }: { h?: string }) {
  return (
    <Center h={h} role="status">
      <Loader size="sm" mr="sm" aria-hidden="true" />
      <Text>Loading…</Text>
    </Center>
  );
}

/** Suspense boundary inside the signed-in frame, so header and navbar stay put while a page chunk loads. */
function PageOutlet() {
  return (
    <Suspense fallback={<Loading h="50vh" />}>
      <Outlet />
    </Suspense>
  );
}

/** Routes behind sign-in; anyone signed out is sent to /login and brought back afterwards. */
function SignedIn() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (session.error) return <ErrorAlert error={session.error} title="Could not check your session" />;
  if (!session.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Layout user={session.data.user} />;
}

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/setup" element={<SetupPage />} />
        <Route path="/login" element={<LoginPage />} />
        <Route element={<SignedIn />}>
          <Route element={<PageOutlet />}>
            <Route path="/" element={<IncidentListPage />} />
            <Route path="/reports" element={<ReportsPage />} />
            <Route path="/incidents/:id" element={<IncidentPage />} />
            <Route path="/customers" element={<CustomersPage />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
