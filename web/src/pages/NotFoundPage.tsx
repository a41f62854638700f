import { Anchor, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <>
      <Title order={1}>Page not found</Title>
      <Text mt="sm">
        There is nothing at this address.{' '}
        <Anchor component={Link} to="/">
          Go to the incident list
        </Anchor>
        .
      </Text>
    </>
  );
}
