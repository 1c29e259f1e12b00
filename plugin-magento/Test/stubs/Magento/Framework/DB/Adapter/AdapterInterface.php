<?php

declare(strict_types=1);

namespace Magento\Framework\DB\Adapter;

/**
 * Stand-in of lib/internal/Magento/Framework/DB/Adapter/AdapterInterface.php: the methods this module
 * calls. query() returns a \Zend_Db_Statement_Interface in Magento; only rowCount() is used here.
 */
interface AdapterInterface
{
    /**
     * @param string $sql
     * @param mixed $bind
     * @return object with rowCount()
     */
    public function query($sql, $bind = []);

    /**
     * @param string $sql
     * @param mixed $bind
     * @param mixed $fetchMode
     * @return array<int, array<string, mixed>>
     */
    public function fetchAll($sql, $bind = [], $fetchMode = null);

    /**
     * @param string $sql
     * @param mixed $bind
     * @return array<mixed, mixed>
     */
    public function fetchPairs($sql, $bind = []);

    /**
     * @param string $sql
     * @param mixed $bind
     * @return array<string, mixed>|false
     */
    public function fetchRow($sql, $bind = [], $fetchMode = null);

    /**
     * @param mixed $table
     * @param array<string, mixed> $bind
     * @param mixed $where
     * @return int
     */
    public function update($table, array $bind, $where = '');

    /**
     * @param mixed $table
     * @param array<string, mixed> $data
     * @param string[] $fields columns to update when the key exists
     * @return int
     */
    public function insertOnDuplicate($table, array $data, array $fields = []);
}
