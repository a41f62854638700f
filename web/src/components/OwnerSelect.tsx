import { NativeSelect } from '@mantine/core';
import { useApiQuery } from '../queries';
import type { User } from '../types';

/** Picks an owner among active users; "" means nobody. */
export function OwnerSelect({ label, value, onChange }: { label: string; value: string; onChange: (id: string) => void }) {
  const users = useApiQuery<{ users: User[] }>('/api/users');
  const options = (users.data?.users ?? []).filter((u) => !u.disabled || u.id === value);
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: users.isPending ? 'Loading users…' : 'Nobody yet' },
        ...options.map((u) => ({ value: u.id, label: u.display_name ? `${u.display_name} (${u.email})` : u.email })),
      ]}
      error={users.error ? 'Could not load users' : undefined}
    />
  );
}
