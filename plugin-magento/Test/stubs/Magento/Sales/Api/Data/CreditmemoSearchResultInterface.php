<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in of app/code/Magento/Sales/Api/Data/CreditmemoSearchResultInterface.php (getItems).
 */
interface CreditmemoSearchResultInterface extends \Magento\Framework\Api\SearchResultsInterface
{
    /**
     * @return \Magento\Sales\Api\Data\CreditmemoInterface[] Array of collection items.
     */
    public function getItems();
}
