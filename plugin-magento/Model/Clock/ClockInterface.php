<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Clock;

/**
 * Current time as Unix seconds; replaced by a fixed clock in tests.
 */
interface ClockInterface
{
    /**
     * @return int
     */
    public function now(): int;
}
