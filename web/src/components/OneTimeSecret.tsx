import { Alert, Button, Code, CopyButton, Group, Text } from '@mantine/core';

/** Shows a secret the server will never show again (generated password, API token), with a copy button. */
export function OneTimeSecret({ title, secret, onDismiss }: { title: string; secret: string; onDismiss: () => void }) {
  return (
    <Alert color="green" variant="light" title={title} role="status" my="sm">
      <Text size="sm" mb="xs">
        Copy it now and store it safely: it is shown only once and cannot be retrieved later.
      </Text>
      <Code block style={{ wordBreak: 'break-all' }} data-testid="one-time-secret">
        {secret}
      </Code>
      <Group mt="sm">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button size="xs" color={copied ? 'teal.9' : undefined} onClick={copy}>
              {copied ? 'Copied' : 'Copy to clipboard'}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="default" onClick={onDismiss}>
          I have saved it
        </Button>
      </Group>
    </Alert>
  );
}
