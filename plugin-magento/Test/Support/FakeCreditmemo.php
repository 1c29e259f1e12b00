<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Sales\Api\Data\CreditmemoInterface;

/**
 * A credit memo model double.
 */
class FakeCreditmemo extends FakeModel implements CreditmemoInterface
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
