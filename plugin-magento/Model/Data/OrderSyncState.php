<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Data;

use ExactSidecar\Connector\Api\Data\OrderSyncStateInterface;

/**
 * A read-only value: the three fields of one record of exact_sidecar_order.
 */
class OrderSyncState implements OrderSyncStateInterface
{
    /** @var string|null */
    private $syncState;

    /** @var string|null */
    private $documentType;

    /** @var string|null */
    private $documentNumber;

    /**
     * @param string|null $syncState
     * @param string|null $documentType
     * @param string|null $documentNumber
     */
    public function __construct($syncState = null, $documentType = null, $documentNumber = null)
    {
        $this->syncState = $syncState;
        $this->documentType = $documentType;
        $this->documentNumber = $documentNumber;
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
    public function getDocumentType()
    {
        return $this->documentType;
    }

    /**
     * @inheritDoc
     */
    public function getDocumentNumber()
    {
        return $this->documentNumber;
    }
}
