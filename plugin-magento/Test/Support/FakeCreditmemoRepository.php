<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\Api\SearchCriteriaInterface;
use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Sales\Api\CreditmemoRepositoryInterface;

/**
 * Credit memos by entity id. getList() applies the criteria as Magento's collection does (filter groups
 * ANDed, the filters of a group ORed); it knows the "eq" and "in" conditions and refuses any other, so a
 * test cannot pass on a filter that would be ignored. Items come back in insertion order, not sorted.
 */
class FakeCreditmemoRepository implements CreditmemoRepositoryInterface
{
    /** @var array<int, FakeCreditmemo> */
    public $memos = [];

    /** @var SearchCriteriaInterface[] criteria of every getList() call */
    public $searches = [];

    /** @var \Throwable|null thrown by getList() when set */
    public $failWith;

    /**
     * @param FakeCreditmemo $memo
     * @return void
     */
    public function put(FakeCreditmemo $memo): void
    {
        $this->memos[(int) $memo->getEntityId()] = $memo;
    }

    /**
     * @inheritDoc
     */
    public function getList(SearchCriteriaInterface $searchCriteria)
    {
        $this->searches[] = $searchCriteria;
        if ($this->failWith !== null) {
            throw $this->failWith;
        }
        $items = [];
        foreach ($this->memos as $memo) {
            if ($this->matches($memo, $searchCriteria)) {
                $items[] = $memo;
            }
        }
        return new FakeCreditmemoSearchResult($items, $searchCriteria);
    }

    /**
     * @inheritDoc
     */
    public function get($id)
    {
        if (!isset($this->memos[(int) $id])) {
            throw new NoSuchEntityException(
                __('The entity that was requested doesn\'t exist. Verify the entity and try again.')
            );
        }
        return $this->memos[(int) $id];
    }

    /**
     * @param FakeCreditmemo $memo
     * @param SearchCriteriaInterface $criteria
     * @return bool
     */
    private function matches(FakeCreditmemo $memo, SearchCriteriaInterface $criteria): bool
    {
        foreach ($criteria->getFilterGroups() as $group) {
            $any = false;
            foreach ($group->getFilters() ?? [] as $filter) {
                $value = $memo->getData($filter->getField());
                $condition = $filter->getConditionType() ?? 'eq';
                if ($condition === 'eq') {
                    $any = $any || (string) $value === (string) $filter->getValue();
                } elseif ($condition === 'in') {
                    $wanted = $filter->getValue();
                    $wanted = is_array($wanted) ? $wanted : explode(',', (string) $wanted);
                    $any = $any || in_array((string) $value, array_map('strval', $wanted), true);
                } else {
                    throw new \LogicException('FakeCreditmemoRepository does not know condition "' . $condition . '".');
                }
            }
            if (!$any) {
                return false;
            }
        }
        return true;
    }
}
