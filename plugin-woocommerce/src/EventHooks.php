<?php

namespace ExactSidecar;

use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\Outbox;

/**
 * WooCommerce hooks -> outbox. These callbacks only schedule work: no HTTP, no payload building, and
 * they never throw into WooCommerce (a failure is logged; the sidecar's reconcile poll is the backstop).
 *
 * Changes made by the sidecar itself (its pushback runs through the REST API as the plugin's dedicated API
 * user) are ignored, so a status the sidecar sets does not bounce back as a new event.
 */
final class EventHooks
{
    /** @var Outbox */
    private $outbox;
    /** @var callable():int */
    private $apiUserId;
    /** @var callable():bool */
    private $enabled;

    /**
     * @param callable():int $apiUserId
     * @param callable():bool|null $enabled false while the plugin is not set up (nothing to send to yet;
     *                                      earlier orders can be sent later with the backfill)
     */
    public function __construct(Outbox $outbox, callable $apiUserId, ?callable $enabled = null)
    {
        $this->outbox = $outbox;
        $this->apiUserId = $apiUserId;
        $this->enabled = $enabled ?? static function (): bool {
            return true;
        };
    }

    public function register(): void
    {
        add_action('woocommerce_order_status_changed', [$this, 'onStatusChanged'], 10, 4);
        add_action('woocommerce_order_refunded', [$this, 'onRefunded'], 10, 2);
        add_action('woocommerce_refund_deleted', [$this, 'onRefundDeleted'], 10, 2);
        add_action('woocommerce_trash_order', [$this, 'onDeleted'], 10, 1);
        add_action('woocommerce_delete_order', [$this, 'onDeleted'], 10, 1);
        add_action('woocommerce_untrash_order', [$this, 'onRestored'], 10, 1);
        add_action('woocommerce_created_customer', [$this, 'onCustomer'], 10, 1);
        add_action('woocommerce_update_customer', [$this, 'onCustomer'], 10, 1);
    }

    /**
     * @param mixed $orderId
     * @param mixed $from
     * @param mixed $to
     * @param mixed $order
     */
    public function onStatusChanged($orderId, $from = '', $to = '', $order = null): void
    {
        $this->schedule(Events::ORDER_UPDATED, $orderId);
    }

    /**
     * @param mixed $orderId
     * @param mixed $refundId
     */
    public function onRefunded($orderId, $refundId = 0): void
    {
        $this->schedule(Events::ORDER_REFUNDED, $orderId);
    }

    /**
     * @param mixed $refundId
     * @param mixed $orderId
     */
    public function onRefundDeleted($refundId, $orderId = 0): void
    {
        $this->schedule(Events::ORDER_REFUNDED, $orderId);
    }

    /**
     * @param mixed $orderId
     */
    public function onDeleted($orderId): void
    {
        $this->schedule(Events::ORDER_DELETED, $orderId);
    }

    /**
     * @param mixed $orderId
     */
    public function onRestored($orderId): void
    {
        $this->schedule(Events::ORDER_UPDATED, $orderId);
    }

    /**
     * @param mixed $customerId
     */
    public function onCustomer($customerId): void
    {
        $this->schedule(Events::CUSTOMER_UPDATED, $customerId);
    }

    public function isSidecarWrite(): bool
    {
        $apiUser = (int) ($this->apiUserId)();
        return $apiUser > 0 && get_current_user_id() === $apiUser;
    }

    /**
     * @param mixed $entityId
     */
    private function schedule(string $type, $entityId): void
    {
        try {
            if (is_object($entityId) && method_exists($entityId, 'get_id')) {
                $entityId = $entityId->get_id();
            }
            $id = is_scalar($entityId) ? (string) $entityId : '';
            if ($id === '' || $id === '0') {
                return;
            }
            if ($this->isSidecarWrite() || !($this->enabled)()) {
                return;
            }
            if (!apply_filters('exact_sidecar_should_send', true, $type, $id)) {
                return;
            }
            $this->outbox->enqueue($type, $id);
        } catch (\Throwable $e) {
            Log::error(sprintf(
                'Could not queue %s for %s: %s',
                $type,
                is_scalar($entityId) ? (string) $entityId : '?',
                $e->getMessage()
            ));
        }
    }
}
