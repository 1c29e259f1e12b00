<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Outbox;

/**
 * What one drain run did.
 */
class DrainResult
{
    /** @var int */
    public $delivered = 0;

    /** @var int */
    public $dead = 0;

    /** @var int */
    public $retry = 0;

    /** @var int number of HTTP requests sent */
    public $requests = 0;

    /** @var int|null status of the last HTTP answer, null when none arrived */
    public $lastStatus = null;

    /** @var mixed decoded body of the last HTTP answer (null when not JSON) */
    public $lastBody = null;

    /** @var string|null why the run stopped early, if it did */
    public $stoppedBecause = null;

    /**
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        return [
            'status' => $this->lastStatus,
            'body' => $this->lastBody,
            'delivered' => $this->delivered,
            'dead' => $this->dead,
            'retry' => $this->retry,
        ];
    }
}
