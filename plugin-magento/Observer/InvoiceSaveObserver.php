<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Observer;

use ExactSidecar\Connector\Model\Outbox\Recorder;
use Magento\Framework\Event\Observer;
use Magento\Sales\Api\Data\InvoiceInterface;

/**
 * sales_order_invoice_save_commit_after: a new or newly paid invoice is an order.updated of its order.
 */
class InvoiceSaveObserver extends AbstractRecordingObserver
{
    /**
     * @inheritDoc
     */
    protected function handle(Observer $observer): void
    {
        $invoice = $observer->getEvent()->getData('invoice');
        if (!$invoice instanceof InvoiceInterface) {
            return;
        }
        $change = $this->detector->invoiceChange($invoice);
        if ($change === null) {
            return;
        }
        $this->recorder->record(
            Recorder::TYPE_ORDER_UPDATED,
            Recorder::ENTITY_ORDER,
            (string) $invoice->getOrderId(),
            self::intOrNull($invoice->getStoreId()),
            $change
        );
    }
}
