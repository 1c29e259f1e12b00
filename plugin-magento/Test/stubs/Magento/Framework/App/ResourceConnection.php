<?php

declare(strict_types=1);

namespace Magento\Framework\App;

use Magento\Framework\DB\Adapter\AdapterInterface;

/**
 * Stand-in of lib/internal/Magento/Framework/App/ResourceConnection.php (getConnection, getTableName).
 * The real class is built by the object manager; this one takes the adapter and a table prefix.
 */
class ResourceConnection
{
    /** @var AdapterInterface */
    private $connection;

    /** @var string */
    private $prefix;

    /**
     * @param AdapterInterface $connection
     * @param string $prefix
     */
    public function __construct(AdapterInterface $connection, string $prefix = '')
    {
        $this->connection = $connection;
        $this->prefix = $prefix;
    }

    /**
     * @param string $resourceName
     * @return AdapterInterface
     */
    public function getConnection($resourceName = 'default')
    {
        return $this->connection;
    }

    /**
     * @param string|string[] $modelEntity
     * @param string $connectionName
     * @return string
     */
    public function getTableName($modelEntity, $connectionName = 'default')
    {
        return $this->prefix . (is_array($modelEntity) ? implode('_', $modelEntity) : $modelEntity);
    }
}
