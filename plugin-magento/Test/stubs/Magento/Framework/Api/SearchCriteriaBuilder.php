<?php

declare(strict_types=1);

namespace Magento\Framework\Api;

use Magento\Framework\Api\Search\FilterGroup;

/**
 * Stand-in of lib/internal/Magento/Framework/Api/SearchCriteriaBuilder.php (addFilter, create). As the real
 * one: each addFilter() is a filter group of its own (groups are ANDed), and create() empties the builder.
 */
class SearchCriteriaBuilder
{
    /** @var FilterGroup[] */
    private $filterGroups = [];

    /**
     * @param string $field
     * @param mixed $value
     * @param string $conditionType
     * @return $this
     */
    public function addFilter($field, $value, $conditionType = 'eq')
    {
        $filter = new Filter([
            Filter::KEY_FIELD => $field,
            Filter::KEY_VALUE => $value,
            Filter::KEY_CONDITION_TYPE => $conditionType,
        ]);
        $this->filterGroups[] = new FilterGroup([FilterGroup::FILTERS => [$filter]]);
        return $this;
    }

    /**
     * @return SearchCriteria
     */
    public function create()
    {
        $criteria = new SearchCriteria([SearchCriteria::FILTER_GROUPS => $this->filterGroups]);
        $this->filterGroups = [];
        return $criteria;
    }
}
