<?php

declare(strict_types=1);

namespace Magento\Payment\Api;

/**
 * Stand-in of app/code/Magento/Payment/Api/PaymentMethodListInterface.php (getList).
 */
interface PaymentMethodListInterface
{
    /**
     * @param int $storeId
     * @return \Magento\Payment\Api\Data\PaymentMethodInterface[]
     */
    public function getList($storeId);
}
