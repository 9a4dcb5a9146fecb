import { Flex, Skeleton } from '@radix-ui/themes'

/** The placeholder a store page shows while the server renders it (each page's loading.tsx). */
export function PageSkeleton({ label }: { label: string }) {
  return (
    <Flex direction="column" gap="4" aria-busy="true" aria-label={label}>
      <Skeleton height="40px" width="60%" />
      <Skeleton height="20px" width="40%" />
      <Skeleton height="64px" />
      <Skeleton height="64px" />
      <Skeleton height="180px" />
    </Flex>
  )
}
