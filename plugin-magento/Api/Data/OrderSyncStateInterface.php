<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Api\Data;

/**
 * The order's Exact state as the module recorded it, served in the order's REST JSON as the
 * extension attribute exact_sidecar_sync: {"sync_state", "document_type", "document_number"}.
 *
 * The sidecar reads it to never post an order twice, even when it lost its own record of the
 * order (the module reinstalled, the shop registered anew): the record lives in the module's
 * table, not in the sidecar.
 */
interface OrderSyncStateInterface
{
    /**
     * @return string|null posted, failed, pending, ...
     */
    public function getSyncState();

    /**
     * @return string|null sales_order, sales_invoice, direct_invoice or sales_entry
     */
    public function getDocumentType();

    /**
     * @return string|null the Exact document's number
     */
    public function getDocumentNumber();
}
