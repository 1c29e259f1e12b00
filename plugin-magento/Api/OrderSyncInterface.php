<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Api;

/**
 * Pushback from the sidecar: POST /rest/V1/exactsidecar/orders/:orderId/sync (etc/webapi.xml), ACL resource
 * ExactSidecar_Connector::pushback, called with the module's integration (OAuth 1.0a).
 *
 * Body keys may be snake_case or camelCase, for example
 * {"sync_state": "posted", "document_type": "sales_invoice", "document_number": "25000123",
 *  "status": "complete", "comment": "...", "sync_key": "push:15:3"}.
 * @api
 */
interface OrderSyncInterface
{
    /**
     * Record the order's Exact state and, when asked, set its status (and state) with a history comment.
     * Idempotent: a repeated sync_key, or a call that changes nothing, changes nothing and adds no comment.
     *
     * @param int $orderId Magento order entity id
     * @param string|null $syncState pending, posted, failed or skipped
     * @param string|null $documentType Exact document type, for example sales_order or sales_invoice
     * @param string|null $documentId Exact document GUID
     * @param string|null $documentNumber Exact document number
     * @param string|null $status new order status; must be in the allowed pushback statuses
     * @param string|null $state new order state; must be a Magento order state
     * @param string|null $comment order history comment (not visible to the customer)
     * @param string|null $errorMessage why the order failed in Exact (for sync_state failed)
     * @param string|null $resolution how the shop owner resolves the failure
     * @param string|null $syncKey idempotency key of this pushback
     * @return \ExactSidecar\Connector\Api\Data\SyncResultInterface
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     * @throws \Magento\Framework\Exception\InputException
     */
    public function sync(
        int $orderId,
        ?string $syncState = null,
        ?string $documentType = null,
        ?string $documentId = null,
        ?string $documentNumber = null,
        ?string $status = null,
        ?string $state = null,
        ?string $comment = null,
        ?string $errorMessage = null,
        ?string $resolution = null,
        ?string $syncKey = null
    );
}
