<?php

namespace ExactSidecar\Delivery;

/**
 * Builds an event's `data` at delivery time (CONTRACT.md: the platform's own REST representation).
 */
interface PayloadSource
{
    /**
     * @return mixed array/object data, or null (order.deleted)
     * @throws EntityGoneException when the entity no longer exists
     */
    public function build(string $type, string $entityId);
}
