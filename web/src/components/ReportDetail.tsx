import { Alert, Anchor, Code, Divider, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatInstant } from '../format';
import { useApiQuery } from '../queries';
import { useCan } from '../session';
import type { Evidence, Report } from '../types';
import { label } from '../vocabulary';
import { QueryState } from './QueryState';
import { TriageForm } from './TriageForm';
import { UploadForm } from './UploadForm';

/**
 * One report in full. Fetching it individually reveals the reporter's contact to roles allowed to see
 * it (and the server audits that read), so it is only loaded when someone opens the report.
 */
export function ReportDetail({ reportId, onTriaged }: { reportId: string; onTriaged: () => void }) {
  const report = useApiQuery<Report>(`/api/reports/${reportId}`);
  const can = useCan();
  // The API cannot list a report's attachments before triage, so confirm the ones uploaded in this dialog.
  const [uploaded, setUploaded] = useState<Evidence[]>([]);
  return (
    <QueryState query={report} label="report">
      {(r) => (
        <Stack gap="sm">
          <Text size="sm">
            <strong>Source:</strong> {label(r.source)} · <strong>Status:</strong> {label(r.status)}
          </Text>
          <Text size="sm">
            <strong>Reported at:</strong> {formatInstant(r.reported_at, r.reporter_tz)} ({r.reporter_tz}) · recorded{' '}
            {formatInstant(r.created_at)}
          </Text>
          <Text size="sm">
            <strong>Reporter:</strong> {r.reporter_name ?? '—'} · <strong>Contact:</strong>{' '}
            {r.reporter_contact ?? (can('report.read_contact') ? '—' : 'hidden for your role')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <strong>Observed:</strong> {r.observed}
          </Text>
          {r.triage_reason && (
            <Text size="sm">
              <strong>Reason:</strong> {r.triage_reason}
            </Text>
          )}
          {r.incident_id && (
            <Anchor component={Link} to={`/incidents/${r.incident_id}`}>
              Open the incident
            </Anchor>
          )}
          {r.status === 'new' && (
            <>
              <Divider />
              <Title order={3} size="h4">
                Attach a file
              </Title>
              <Text size="xs">
                Screenshots or emails from the reporter; they move to the incident as evidence when the report becomes one.
              </Text>
              <UploadForm
                path={`/api/reports/${r.id}/attachments`}
                invalidates={[]}
                fileLabel="Attachment"
                onUploaded={(e) => setUploaded((list) => [...list, e])}
              />
              {uploaded.length > 0 && (
                <List size="sm" aria-label="Attached in this session">
                  {uploaded.map((e) => (
                    <List.Item key={e.id}>
                      Attached {e.filename}, SHA-256 <Code>{e.sha256}</Code>
                    </List.Item>
                  ))}
                </List>
              )}
              <Divider />
              <Title order={3} size="h4">
                Triage
              </Title>
              {can('report.triage') ? (
                <TriageForm report={r} onDone={onTriaged} />
              ) : (
                <Alert color="gray" variant="light">
                  Only admins and incident leads can triage reports.
                </Alert>
              )}
            </>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
