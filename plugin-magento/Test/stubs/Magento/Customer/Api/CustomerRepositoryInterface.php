<?php

declare(strict_types=1);

namespace Magento\Customer\Api;

/**
 * Stand-in of app/code/Magento/Customer/Api/CustomerRepositoryInterface.php (getById).
 */
interface CustomerRepositoryInterface
{
    /**
     * @param int $customerId
     * @return \Magento\Customer\Api\Data\CustomerInterface
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     */
    public function getById($customerId);
}
