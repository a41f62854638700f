import { Badge } from '@mantine/core';
import { label, severityColor, statusColor } from '../vocabulary';

// autoContrast picks dark or light text per background so every badge stays readable.
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColor[status] ?? 'gray'} autoContrast>
      {label(status)}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge color={severityColor[severity] ?? 'gray'} variant="outline" autoContrast>
      Severity: {label(severity)}
    </Badge>
  );
}

/** Drills are marked loudly so nobody mistakes an exercise for a real breach (or the other way round). */
export function KindBadge({ kind }: { kind: string }) {
  return kind === 'drill' ? (
    <Badge color="violet" autoContrast>
      Drill
    </Badge>
  ) : (
    <Badge color="dark" variant="outline">
      Real
    </Badge>
  );
}
