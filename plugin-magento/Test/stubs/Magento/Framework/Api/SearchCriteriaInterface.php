<?php

declare(strict_types=1);

namespace Magento\Framework\Api;

/**
 * Stand-in of lib/internal/Magento/Framework/Api/SearchCriteriaInterface.php (getFilterGroups).
 */
interface SearchCriteriaInterface
{
    /**
     * @return \Magento\Framework\Api\Search\FilterGroup[]
     */
    public function getFilterGroups();
}
