<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Customer\Api\Data\CustomerInterface;

/**
 * A customer data object double.
 */
class FakeCustomer extends FakeModel implements CustomerInterface
{
    /**
     * @inheritDoc
     */
    public function getId()
    {
        return $this->getData('id');
    }

    /**
     * @inheritDoc
     */
    public function getUpdatedAt()
    {
        return $this->getData('updated_at');
    }

    /**
     * @inheritDoc
     */
    public function getStoreId()
    {
        return $this->getData('store_id');
    }
}
