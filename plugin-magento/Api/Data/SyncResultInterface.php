<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Api\Data;

/**
 * Answer of the pushback route.
 * @api
 */
interface SyncResultInterface
{
    /**
     * @return int
     */
    public function getOrderId();

    /**
     * True when this call changed something; false for a repeat.
     *
     * @return bool
     */
    public function getApplied();

    /**
     * @return string
     */
    public function getState();

    /**
     * @return string
     */
    public function getStatus();

    /**
     * @return string|null
     */
    public function getSyncState();

    /**
     * @return string|null
     */
    public function getDocumentNumber();

    /**
     * @return string
     */
    public function getMessage();
}
