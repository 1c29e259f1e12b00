<?php

namespace ExactSidecar\Tests\Support;

use ExactSidecar\Delivery\StateStore;

final class MemoryStateStore implements StateStore
{
    /** @var array<string,array<string,mixed>> */
    public $rows = [];

    public function get(string $type, string $entityId): ?array
    {
        return $this->rows[$type . '|' . $entityId] ?? null;
    }

    public function put(string $type, string $entityId, array $state): void
    {
        $this->rows[$type . '|' . $entityId] = $state;
    }

    public function delete(string $type, string $entityId): void
    {
        unset($this->rows[$type . '|' . $entityId]);
    }
}
