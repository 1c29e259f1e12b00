<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Customer\Api\CustomerRepositoryInterface;
use Magento\Framework\Exception\NoSuchEntityException;

/**
 * Customers by id.
 */
class FakeCustomerRepository implements CustomerRepositoryInterface
{
    /** @var array<int, FakeCustomer> */
    public $customers = [];

    /**
     * @inheritDoc
     */
    public function getById($customerId)
    {
        if (!isset($this->customers[(int) $customerId])) {
            throw new NoSuchEntityException(__('No such entity with customerId = %1', $customerId));
        }
        return $this->customers[(int) $customerId];
    }
}
