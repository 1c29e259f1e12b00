<?php

namespace ExactSidecar\Delivery;

/**
 * Where the outbox keeps the state of an entity's pending event between attempts (its event id, so a
 * retry is recognised by the sidecar as the same event, and its failure count).
 */
interface StateStore
{
    /**
     * @return array<string,mixed>|null
     */
    public function get(string $type, string $entityId): ?array;

    /**
     * @param array<string,mixed> $state
     */
    public function put(string $type, string $entityId, array $state): void;

    public function delete(string $type, string $entityId): void;
}
