<?php

declare(strict_types=1);

namespace Magento\Customer\Api\Data;

/**
 * Stand-in of app/code/Magento/Customer/Api/Data/CustomerInterface.php (subset).
 */
interface CustomerInterface
{
    /**
     * @return int|null
     */
    public function getId();

    /**
     * @return string|null
     */
    public function getUpdatedAt();

    /**
     * @return int|null
     */
    public function getStoreId();
}
