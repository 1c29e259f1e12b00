<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Sales\Api\Data\InvoiceInterface;

/**
 * An invoice model double.
 */
class FakeInvoice extends FakeModel implements InvoiceInterface
{
    /**
     * @inheritDoc
     */
    public function getEntityId()
    {
        return $this->getData('entity_id');
    }

    /**
     * @inheritDoc
     */
    public function getOrderId()
    {
        return $this->getData('order_id');
    }

    /**
     * @inheritDoc
     */
    public function getStoreId()
    {
        return $this->getData('store_id');
    }

    /**
     * @inheritDoc
     */
    public function getState()
    {
        return $this->getData('state');
    }
}
