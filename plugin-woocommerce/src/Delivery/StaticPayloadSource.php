<?php

namespace ExactSidecar\Delivery;

/**
 * A PayloadSource that returns data given up front (the end-to-end script's order file).
 */
final class StaticPayloadSource implements PayloadSource
{
    /** @var mixed */
    private $data;

    /**
     * @param mixed $data
     */
    public function __construct($data)
    {
        $this->data = $data;
    }

    public function build(string $type, string $entityId)
    {
        return $type === Events::ORDER_DELETED ? null : $this->data;
    }
}
