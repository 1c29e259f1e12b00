<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Outbox;

/**
 * Builds the outbox idempotency key, which is also the event id sent to the sidecar (<= 100 characters,
 * unique per shop). The same entity and change always give the same key, so repeated saves in one request
 * insert one row.
 */
class IdempotencyKey
{
    public const MAX_LENGTH = 100;

    /**
     * @param string $entityType "order" or "customer"
     * @param string $entityId
     * @param string[] $change parts that identify the change, for example ["status", "processing", "..."]
     * @return string
     */
    public function build(string $entityType, string $entityId, array $change): string
    {
        $parts = [$entityType, $entityId];
        foreach ($change as $part) {
            $parts[] = preg_replace('/[^A-Za-z0-9_.\-]+/', '-', (string) $part);
        }
        $key = implode(':', $parts);
        if (strlen($key) <= self::MAX_LENGTH) {
            return $key;
        }
        $prefix = substr($entityType . ':' . $entityId, 0, 50);
        return $prefix . ':h:' . substr(hash('sha256', $key), 0, 40);
    }
}
