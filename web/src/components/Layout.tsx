import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api';
import { label } from '../vocabulary';
import { roleCan, useSetSession } from '../session';
import type { User } from '../types';

type NavItem = { to: string; label: string; show: boolean; exact?: boolean };

/** The signed-in frame: header with user and logout, a navbar that collapses behind a burger on small screens. */
export function Layout({ user }: { user: User }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const setSession = useSetSession();
  const navigate = useNavigate();
  const location = useLocation();

  const items: NavItem[] = [
    { to: '/', label: 'Incidents', show: true, exact: true },
    { to: '/reports', label: 'Reports', show: true },
    { to: '/customers', label: 'Customers', show: roleCan(user.role, 'scoping.read') },
    { to: '/audit', label: 'Audit log', show: roleCan(user.role, 'audit.read') },
    { to: '/users', label: 'Users', show: roleCan(user.role, 'user.manage') },
    { to: '/account', label: 'My account', show: true },
  ];

  async function logout() {
    try {
      await api.post('/api/auth/logout');
    } finally {
      // Even if the server call fails, forget the session locally so nothing stays visible.
      setSession(null);
      void navigate('/login');
    }
  }

  const isActive = (item: NavItem) => (item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to));

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Anchor component={RouterNavLink} to="/" fw={700} fz="lg" underline="never" c="dark">
              Breachdesk
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="xs" aria-label="Signed in as">
              {user.display_name || user.email}
            </Text>
            <Badge variant="outline" color="dark" aria-label={`Role: ${label(user.role)}`}>
              {label(user.role)}
            </Badge>
            <Button size="xs" variant="default" onClick={() => void logout()}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        {items
          .filter((i) => i.show)
          .map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              label={item.label}
              active={isActive(item)}
              aria-current={isActive(item) ? 'page' : undefined}
              onClick={close}
            />
          ))}
        <NavLink href="/docs" label="API documentation" target="_blank" rel="noopener" description="OpenAPI, opens in a new tab" />
        <Text size="xs" c="dimmed" mt="auto" pt="md">
          Signed in as {user.email}
        </Text>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
