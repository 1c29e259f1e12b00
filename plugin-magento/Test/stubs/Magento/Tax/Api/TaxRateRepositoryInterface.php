<?php

declare(strict_types=1);

namespace Magento\Tax\Api;

/**
 * Stand-in of app/code/Magento/Tax/Api/TaxRateRepositoryInterface.php (getList).
 */
interface TaxRateRepositoryInterface
{
    /**
     * @param \Magento\Framework\Api\SearchCriteriaInterface $searchCriteria
     * @return \Magento\Framework\Api\SearchResultsInterface
     */
    public function getList(\Magento\Framework\Api\SearchCriteriaInterface $searchCriteria);
}
