<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Observer;

use ExactSidecar\Connector\Model\Outbox\Recorder;
use Magento\Framework\Event\Observer;
use Magento\Sales\Api\Data\OrderInterface;

/**
 * sales_order_save_commit_after: new order, state/status change, paid (total due reached zero).
 */
class OrderSaveObserver extends AbstractRecordingObserver
{
    /**
     * @inheritDoc
     */
    protected function handle(Observer $observer): void
    {
        $order = $observer->getEvent()->getData('order');
        if (!$order instanceof OrderInterface) {
            return;
        }
        $change = $this->detector->orderChange($order, $this->clock->now());
        if ($change === null) {
            return;
        }
        $this->recorder->record(
            Recorder::TYPE_ORDER_UPDATED,
            Recorder::ENTITY_ORDER,
            (string) $order->getEntityId(),
            self::intOrNull($order->getStoreId()),
            $change
        );
    }
}
