<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in of app/code/Magento/Sales/Api/Data/OrderSearchResultInterface.php (getItems).
 */
interface OrderSearchResultInterface
{
    /**
     * @return \Magento\Sales\Api\Data\OrderInterface[]
     */
    public function getItems();
}
