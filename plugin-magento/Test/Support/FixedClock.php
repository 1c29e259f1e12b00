<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use ExactSidecar\Connector\Model\Clock\ClockInterface;

/**
 * A clock the test moves by hand.
 */
class FixedClock implements ClockInterface
{
    /** @var int */
    public $time;

    /**
     * @param int $time
     */
    public function __construct(int $time = 1763728800)
    {
        $this->time = $time;
    }

    /**
     * @return int
     */
    public function now(): int
    {
        return $this->time;
    }
}
