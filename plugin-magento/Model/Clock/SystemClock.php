<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Clock;

/**
 * The real clock.
 */
class SystemClock implements ClockInterface
{
    /**
     * @return int
     */
    public function now(): int
    {
        return time();
    }
}
