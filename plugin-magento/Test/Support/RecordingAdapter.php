<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\DB\Adapter\AdapterInterface;

/**
 * Records the SQL and binds the DB stores send; answers from queued results.
 */
class RecordingAdapter implements AdapterInterface
{
    /** @var array<int, array<int, mixed>> [method, ...arguments] */
    public $calls = [];

    /** @var array<int, mixed> results of fetchAll/fetchPairs/fetchRow, in order */
    public $results = [];

    /** @var int rowCount() of query() statements and the result of update() */
    public $rowCount = 1;

    /**
     * @inheritDoc
     */
    public function query($sql, $bind = [])
    {
        $this->calls[] = ['query', $sql, $bind];
        $count = $this->rowCount;
        return new class ($count) {
            /** @var int */
            private $count;

            /**
             * @param int $count
             */
            public function __construct(int $count)
            {
                $this->count = $count;
            }

            /**
             * @return int
             */
            public function rowCount()
            {
                return $this->count;
            }
        };
    }

    /**
     * @inheritDoc
     */
    public function fetchAll($sql, $bind = [], $fetchMode = null)
    {
        $this->calls[] = ['fetchAll', $sql, $bind];
        return array_shift($this->results) ?? [];
    }

    /**
     * @inheritDoc
     */
    public function fetchPairs($sql, $bind = [])
    {
        $this->calls[] = ['fetchPairs', $sql, $bind];
        return array_shift($this->results) ?? [];
    }

    /**
     * @inheritDoc
     */
    public function fetchRow($sql, $bind = [], $fetchMode = null)
    {
        $this->calls[] = ['fetchRow', $sql, $bind];
        return array_shift($this->results) ?? false;
    }

    /**
     * @inheritDoc
     */
    public function update($table, array $bind, $where = '')
    {
        $this->calls[] = ['update', $table, $bind, $where];
        return $this->rowCount;
    }

    /**
     * @inheritDoc
     */
    public function insertOnDuplicate($table, array $data, array $fields = [])
    {
        $this->calls[] = ['insertOnDuplicate', $table, $data, $fields];
        return 1;
    }
}
