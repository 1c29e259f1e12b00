<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Observer;

use ExactSidecar\Connector\Model\Outbox\Recorder;
use Magento\Framework\Event\Observer;
use Magento\Sales\Api\Data\CreditmemoInterface;

/**
 * sales_order_creditmemo_save_commit_after: a credit memo is an order.refunded of its order.
 */
class CreditmemoSaveObserver extends AbstractRecordingObserver
{
    /**
     * @inheritDoc
     */
    protected function handle(Observer $observer): void
    {
        $creditmemo = $observer->getEvent()->getData('creditmemo');
        if (!$creditmemo instanceof CreditmemoInterface) {
            return;
        }
        $change = $this->detector->creditmemoChange($creditmemo);
        if ($change === null) {
            return;
        }
        $this->recorder->record(
            Recorder::TYPE_ORDER_REFUNDED,
            Recorder::ENTITY_ORDER,
            (string) $creditmemo->getOrderId(),
            self::intOrNull($creditmemo->getStoreId()),
            $change
        );
    }
}
