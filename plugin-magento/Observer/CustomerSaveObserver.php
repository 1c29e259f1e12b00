<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Observer;

use ExactSidecar\Connector\Model\Outbox\Recorder;
use Magento\Customer\Api\Data\CustomerInterface;
use Magento\Framework\Event\Observer;

/**
 * customer_save_after_data_object (CustomerRepository::save): customer.updated.
 */
class CustomerSaveObserver extends AbstractRecordingObserver
{
    /**
     * @inheritDoc
     */
    protected function handle(Observer $observer): void
    {
        $customer = $observer->getEvent()->getData('customer_data_object');
        if (!$customer instanceof CustomerInterface) {
            return;
        }
        $updated = (string) $customer->getUpdatedAt();
        $this->recorder->record(
            Recorder::TYPE_CUSTOMER_UPDATED,
            Recorder::ENTITY_CUSTOMER,
            (string) $customer->getId(),
            self::intOrNull($customer->getStoreId()),
            ['saved', $updated !== '' ? $updated : (string) $this->clock->now()]
        );
    }
}
