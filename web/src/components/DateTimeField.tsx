import { Group, Select, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { timeZoneOptions } from '../format';

/** A searchable IANA time-zone picker (the zone matters legally: it is stored with timeline events). */
export function TimeZoneSelect({ label, value, onChange }: { label: string; value: string; onChange: (tz: string) => void }) {
  const data = useMemo(() => timeZoneOptions(), []);
  return (
    <Select
      label={label}
      data={data}
      value={value}
      onChange={(v) => onChange(v ?? 'UTC')}
      searchable
      allowDeselect={false}
      nothingFoundMessage="Unknown time zone"
      maxDropdownHeight={240}
    />
  );
}

/**
 * Wall-clock date/time plus the zone it is in. The value stays a wall time until submit, where
 * wallTimeToIso turns it into an instant; this avoids silently using the viewer's zone.
 */
export function DateTimeField({
  label,
  zoneLabel,
  value,
  zone,
  onChange,
  onZoneChange,
  description,
  required,
}: {
  label: string;
  zoneLabel: string;
  value: string;
  zone: string;
  onChange: (v: string) => void;
  onZoneChange: (tz: string) => void;
  description?: string;
  required?: boolean;
}) {
  return (
    <Group align="flex-end" grow wrap="wrap">
      <TextInput
        type="datetime-local"
        label={label}
        description={description}
        value={value}
        required={required}
        onChange={(e) => onChange(e.currentTarget.value)}
        style={{ minWidth: 200 }}
      />
      <div style={{ minWidth: 200 }}>
        <TimeZoneSelect label={zoneLabel} value={zone} onChange={onZoneChange} />
      </div>
    </Group>
  );
}
