import { Center, Loader, Text } from '@mantine/core';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ErrorAlert } from './components/ErrorAlert';
import { Layout } from './components/Layout';
import { AccountPage } from './pages/AccountPage';
import { AuditPage } from './pages/AuditPage';
import { CustomersPage } from './pages/CustomersPage';
import { IncidentListPage } from './pages/IncidentListPage';
import { IncidentPage } from './pages/IncidentPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReportsPage } from './pages/ReportsPage';
import { SetupPage } from './pages/SetupPage';
import { UsersPage } from './pages/UsersPage';
import { useSession } from './session';

/** Routes behind sign-in; anyone signed out is sent to /login and brought back afterwards. */
function SignedIn() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <Center h="100vh" role="status">
        <Loader size="sm" mr="sm" aria-hidden="true" />
        <Text>Loading…</Text>
      </Center>
    );
  }
  if (session.error) return <ErrorAlert error={session.error} title="Could not check your session" />;
  if (!session.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Layout user={session.data.user} />;
}

export function App() {
  return (
    <Routes>
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route element={<SignedIn />}>
        <Route path="/" element={<IncidentListPage />} />
        <Route path="/reports" element={<ReportsPage />} />
        <Route path="/incidents/:id" element={<IncidentPage />} />
        <Route path="/customers" element={<CustomersPage />} />
        <Route path="/users" element={<UsersPage />} />
        <Route path="/account" element={<AccountPage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
