<?php

namespace ExactSidecar\Delivery;

/**
 * What one delivery attempt came to.
 */
final class DeliveryResult
{
    public const DELIVERED = 'delivered';
    public const RETRY = 'retry';
    public const DEAD = 'dead';
    /** The entity is gone and the event type needs it: nothing was sent. */
    public const SKIPPED = 'skipped';

    /** @var string */
    public $outcome;
    /** @var string */
    public $type;
    /** @var string */
    public $entityId;
    /** @var string */
    public $eventId;
    /** @var int 0 when no HTTP answer came */
    public $status;
    /** @var mixed decoded response body */
    public $body;
    /** @var string */
    public $message;
    /** @var int|null */
    public $nextAttemptAt;
    /** @var int */
    public $failures;

    /**
     * @param mixed $body
     */
    public function __construct(
        string $outcome,
        string $type,
        string $entityId,
        string $eventId,
        int $status,
        $body,
        string $message,
        ?int $nextAttemptAt = null,
        int $failures = 0
    ) {
        $this->outcome = $outcome;
        $this->type = $type;
        $this->entityId = $entityId;
        $this->eventId = $eventId;
        $this->status = $status;
        $this->body = $body;
        $this->message = $message;
        $this->nextAttemptAt = $nextAttemptAt;
        $this->failures = $failures;
    }
}
