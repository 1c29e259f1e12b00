<?php

declare(strict_types=1);

namespace Magento\Sales\Api;

/**
 * Stand-in of app/code/Magento/Sales/Api/CreditmemoRepositoryInterface.php (getList, get).
 */
interface CreditmemoRepositoryInterface
{
    /**
     * @param \Magento\Framework\Api\SearchCriteriaInterface $searchCriteria
     * @return \Magento\Sales\Api\Data\CreditmemoSearchResultInterface
     */
    public function getList(\Magento\Framework\Api\SearchCriteriaInterface $searchCriteria);

    /**
     * @param int $id
     * @return \Magento\Sales\Api\Data\CreditmemoInterface
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     * @throws \Magento\Framework\Exception\InputException
     */
    public function get($id);
}
