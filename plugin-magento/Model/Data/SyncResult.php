<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Data;

use ExactSidecar\Connector\Api\Data\SyncResultInterface;

/**
 * Immutable pushback answer.
 */
class SyncResult implements SyncResultInterface
{
    /** @var int */
    private $orderId;

    /** @var bool */
    private $applied;

    /** @var string */
    private $state;

    /** @var string */
    private $status;

    /** @var string|null */
    private $syncState;

    /** @var string|null */
    private $documentNumber;

    /** @var string */
    private $message;

    /**
     * @param int $orderId
     * @param bool $applied
     * @param string $state
     * @param string $status
     * @param string|null $syncState
     * @param string|null $documentNumber
     * @param string $message
     */
    public function __construct(
        int $orderId = 0,
        bool $applied = false,
        string $state = '',
        string $status = '',
        ?string $syncState = null,
        ?string $documentNumber = null,
        string $message = ''
    ) {
        $this->orderId = $orderId;
        $this->applied = $applied;
        $this->state = $state;
        $this->status = $status;
        $this->syncState = $syncState;
        $this->documentNumber = $documentNumber;
        $this->message = $message;
    }

    /**
     * @inheritDoc
     */
    public function getOrderId()
    {
        return $this->orderId;
    }

    /**
     * @inheritDoc
     */
    public function getApplied()
    {
        return $this->applied;
    }

    /**
     * @inheritDoc
     */
    public function getState()
    {
        return $this->state;
    }

    /**
     * @inheritDoc
     */
    public function getStatus()
    {
        return $this->status;
    }

    /**
     * @inheritDoc
     */
    public function getSyncState()
    {
        return $this->syncState;
    }

    /**
     * @inheritDoc
     */
    public function getDocumentNumber()
    {
        return $this->documentNumber;
    }

    /**
     * @inheritDoc
     */
    public function getMessage()
    {
        return $this->message;
    }
}
