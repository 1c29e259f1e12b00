<?php

declare(strict_types=1);

namespace Magento\Framework\Api;

/**
 * Stand-in of lib/internal/Magento/Framework/Api/SearchResultsInterface.php (getters).
 */
interface SearchResultsInterface
{
    /**
     * @return \Magento\Framework\Api\ExtensibleDataInterface[]
     */
    public function getItems();

    /**
     * @return \Magento\Framework\Api\SearchCriteriaInterface
     */
    public function getSearchCriteria();

    /**
     * @return int
     */
    public function getTotalCount();
}
