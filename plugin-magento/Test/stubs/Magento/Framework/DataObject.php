<?php

declare(strict_types=1);

namespace Magento\Framework;

/**
 * Stand-in of lib/internal/Magento/Framework/DataObject.php: getData/setData and magic get/set/has/uns.
 */
class DataObject
{
    /** @var array<string, mixed> */
    protected $_data;

    /**
     * @param array<string, mixed> $data
     */
    public function __construct(array $data = [])
    {
        $this->_data = $data;
    }

    /**
     * @param string $key
     * @param mixed $index
     * @return mixed
     */
    public function getData($key = '', $index = null)
    {
        if ($key === '') {
            return $this->_data;
        }
        return $this->_data[$key] ?? null;
    }

    /**
     * @param string|array<string, mixed> $key
     * @param mixed $value
     * @return $this
     */
    public function setData($key, $value = null)
    {
        if (is_array($key)) {
            $this->_data = $key;
        } else {
            $this->_data[$key] = $value;
        }
        return $this;
    }

    /**
     * @param string $method
     * @param array<int, mixed> $args
     * @return mixed
     */
    public function __call($method, $args)
    {
        $key = strtolower((string) preg_replace('/(.)([A-Z])/', '$1_$2', substr($method, 3)));
        switch (substr($method, 0, 3)) {
            case 'get':
                return $this->getData($key);
            case 'set':
                return $this->setData($key, $args[0] ?? null);
            case 'has':
                return isset($this->_data[$key]);
            case 'uns':
                unset($this->_data[$key]);
                return $this;
        }
        throw new \BadMethodCallException('Invalid method ' . static::class . '::' . $method);
    }
}
