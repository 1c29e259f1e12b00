<?php

namespace ExactSidecar\Delivery;

use ExactSidecar\Log;

/**
 * Production DeliveryObserver: keeps the delivery state on the order (meta `_exact_sidecar_delivery`,
 * written through the order object so it works on HPOS and posts storage), adds an order note when an
 * event is dead, keeps the dead-letter list and logs.
 */
final class OrderObserver implements DeliveryObserver
{
    public const META = '_exact_sidecar_delivery';

    /** @var callable():int */
    private $clock;

    public function __construct(?callable $clock = null)
    {
        $this->clock = $clock ?? static function (): int {
            return time();
        };
    }

    public function delivered(DeliveryResult $result): void
    {
        // Only rewrite the order when it showed a problem before: a save per delivery would bump
        // date_modified for nothing.
        $order = $this->order($result);
        if ($order === null) {
            return;
        }
        $previous = $order->get_meta(self::META);
        if (is_array($previous) && ($previous['state'] ?? '') !== 'delivered') {
            $this->write($order, 'delivered', $result);
        }
    }

    public function retrying(DeliveryResult $result): void
    {
        Log::warning(sprintf(
            'Delivery of %s %s (event %s) failed, attempt %d, next try at %s: %s',
            $result->type,
            $result->entityId,
            $result->eventId,
            $result->failures,
            gmdate('c', (int) $result->nextAttemptAt),
            $result->message
        ));
        // Record the first failure on the order so the admin sees it; later ones only update the log.
        $order = $this->order($result);
        if ($order !== null && $result->failures === 1) {
            $this->write($order, 'retrying', $result);
        }
    }

    public function dead(DeliveryResult $result): void
    {
        $now = ($this->clock)();
        DeadLetters::add($result, $now);
        Log::error(sprintf(
            'Event %s (%s %s) was not accepted and will not be retried: %s',
            $result->eventId,
            $result->type,
            $result->entityId,
            $result->message
        ));
        $order = $this->order($result);
        if ($order === null) {
            return;
        }
        $this->write($order, 'dead', $result);
        $order->add_order_note(sprintf(
            /* translators: %s: the reason given by the sidecar */
            __(
                'Exact Online: this order could not be sent to the sidecar: %s. Fix the cause, then use "Resend".',
                'exact-sidecar'
            ),
            $result->message
        ));
    }

    /**
     * @return \WC_Order|null
     */
    private function order(DeliveryResult $result)
    {
        if (!Events::isOrderEvent($result->type) || $result->type === Events::ORDER_DELETED) {
            return null;
        }
        if (!ctype_digit($result->entityId)) {
            return null;
        }
        $order = wc_get_order((int) $result->entityId);
        return $order ? $order : null;
    }

    /**
     * @param \WC_Order $order
     */
    private function write($order, string $state, DeliveryResult $result): void
    {
        $order->update_meta_data(self::META, [
            'state' => $state,
            'event_id' => $result->eventId,
            'status' => $result->status,
            'message' => $state === 'delivered' ? '' : $result->message,
            'next_attempt_at' => $result->nextAttemptAt,
            'at' => ($this->clock)(),
        ]);
        $order->save();
    }
}
