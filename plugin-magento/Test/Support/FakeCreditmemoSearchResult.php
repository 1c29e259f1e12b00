<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\Api\SearchCriteriaInterface;
use Magento\Sales\Api\Data\CreditmemoSearchResultInterface;

/**
 * What CreditmemoRepositoryInterface::getList() returns.
 */
class FakeCreditmemoSearchResult implements CreditmemoSearchResultInterface
{
    /** @var FakeCreditmemo[] */
    private $items;

    /** @var SearchCriteriaInterface */
    private $criteria;

    /**
     * @param FakeCreditmemo[] $items
     * @param SearchCriteriaInterface $criteria
     */
    public function __construct(array $items, SearchCriteriaInterface $criteria)
    {
        $this->items = $items;
        $this->criteria = $criteria;
    }

    /**
     * @inheritDoc
     */
    public function getItems()
    {
        return $this->items;
    }

    /**
     * @inheritDoc
     */
    public function getSearchCriteria()
    {
        return $this->criteria;
    }

    /**
     * @inheritDoc
     */
    public function getTotalCount()
    {
        return count($this->items);
    }
}
